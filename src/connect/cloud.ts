// experimental_cloud_object_store: the endpoint the SDK will call resolves and completes TLS against
// the system roots, and the credentials the provider looks for are present in the target environment.
// Nothing is listed, read or written in any bucket.
import { connect as tlsConnect } from "node:tls";
import type { DeployedConfig } from "../context.ts";
import { member } from "../doc.ts";
import type { Report } from "../types.ts";
import type { EnvLookup } from "../values/index.ts";
import type { Job } from "./index.ts";
import type { NetworkCheckId } from "./ids.ts";
import { attemptsText, dnsWords } from "./findings.ts";
import { type Deadline, connectTcp, dialPort, remaining, resolveHost } from "./net.ts";
import type { RunFacts } from "./targets.ts";

type Out = Report & { id: NetworkCheckId };

interface CloudTarget {
  provider: string;
  host: string;
  port: number;
  /** Where the host comes from, for messages. */
  from: string;
  at: string;
  credentials: { present: boolean; what: string };
}

const has = (env: EnvLookup, k: string) => (env.get(k) ?? "") !== "";

export function cloudJobs(config: DeployedConfig, env: EnvLookup, o: { timeoutMs: number }, _facts: RunFacts): Job[] {
  const m = config.model;
  const jobs: Job[] = [];
  for (const spec of m.allStoreSpecs) {
    if (spec.kind !== "experimental_cloud_object_store") continue;
    const s = (k: string) => m.str(member(spec.body, k));
    const provider = s("provider");
    if (!provider || provider.unknown) continue;
    let t: CloudTarget | undefined;
    if (provider.value === "aws") {
      const region = s("region");
      const r = region && !region.unknown && region.value ? region.value : "us-east-1";
      t = {
        provider: "aws", host: `s3.${r}.amazonaws.com`, port: 443, from: `region "${r}"`, at: region?.at ?? provider.at,
        credentials: { present: ["AWS_ACCESS_KEY_ID", "AWS_PROFILE", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"].some((k) => has(env, k)), what: "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, web identity or container credentials (else the SDK asks the instance metadata service)" },
      };
    } else if (provider.value === "gcs") {
      t = { provider: "gcs", host: "storage.googleapis.com", port: 443, from: "the GCS API", at: provider.at, credentials: { present: has(env, "GOOGLE_APPLICATION_CREDENTIALS") || has(env, "GOOGLE_APPLICATION_CREDENTIALS_JSON"), what: "GOOGLE_APPLICATION_CREDENTIALS(_JSON) (else the metadata server, or anonymous access)" } };
    } else if (provider.value === "azure") {
      const ep = s("endpoint");
      const account = s("account_name");
      let host: string | undefined;
      let port = 443;
      let from = "";
      if (ep && !ep.unknown && ep.value) {
        try {
          const u = new URL(ep.value);
          host = u.hostname.replace(/^\[|\]$/g, "");
          port = u.port ? Number(u.port) : 443;
          from = `endpoint "${ep.value}"`;
        } catch {
          host = undefined;
        }
      } else if (account && !account.unknown && account.value) {
        host = `${account.value}.blob.core.windows.net`;
        from = `account_name "${account.value}"`;
      }
      if (host) {
        const sas = s("sas_url");
        t = { provider: "azure", host, port, from, at: (ep?.value ? ep : account)!.at, credentials: { present: Boolean(sas?.value) || ["AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_FEDERATED_TOKEN_FILE"].every((k) => has(env, k)), what: "sas_url, or AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_FEDERATED_TOKEN_FILE" } };
      }
    }
    if (!t) continue;
    const target = t;
    jobs.push({ config, run: async (d) => cloudReports(target, await probeHttps(target, d), o.timeoutMs) });
  }
  return jobs;
}

type CloudProbe = { stage: "dns"; code: string } | { stage: "tcp"; text: string } | { stage: "tls"; error: string } | { stage: "done"; protocol?: string };

async function probeHttps(t: CloudTarget, d: Deadline): Promise<CloudProbe> {
  const r = await resolveHost(t.host, d);
  if (!r.ok) return { stage: "dns", code: r.code };
  const tcp = await connectTcp(r.addresses, dialPort(t.host, t.port, d), d);
  if (!tcp.ok) return { stage: "tcp", text: attemptsText(tcp.attempts, t.port) };
  return new Promise((res) => {
    const s = tlsConnect({ socket: tcp.socket, servername: /^[\d.]+$|:/.test(t.host) ? undefined : t.host });
    const timer = setTimeout(() => {
      s.destroy();
      res({ stage: "tls", error: "no answer before the timeout" });
    }, remaining(d));
    s.once("secureConnect", () => {
      clearTimeout(timer);
      const protocol = s.getProtocol() ?? undefined;
      s.destroy();
      res({ stage: "done", protocol });
    });
    s.once("error", (e: Error) => {
      clearTimeout(timer);
      s.destroy();
      res({ stage: "tls", error: e.message });
    });
  });
}

function cloudReports(t: CloudTarget, p: CloudProbe, timeoutMs: number): Out[] {
  const who = `${t.provider} object store ${t.host}:${t.port} (from ${t.from})`;
  const later = "NativeLink starts (cloud stores do no I/O when built), then every request to this store fails";
  const base = { id: "connect-cloud-store" as const, at: t.at };
  const out: Out[] = [];
  if (p.stage === "dns") out.push({ ...base, message: `${who}: the host does not resolve: ${dnsWords(p.code)}; ${later}` });
  else if (p.stage === "tcp") out.push({ ...base, message: `${who}: no TCP connection: ${p.text}; ${later}` });
  else if (p.stage === "tls") out.push({ ...base, message: `${who}: the TLS handshake with the system roots failed: ${p.error}${/timeout/.test(p.error) ? ` (${timeoutMs / 1000} s)` : ""}; ${later}` });
  if (!t.credentials.present) out.push({ ...base, severity: "warning", message: `${who}: no credentials in the target environment: ${t.credentials.what}` });
  if (out.length === 0 && p.stage === "done") out.push({ ...base, severity: "info", message: `connected: ${who}: ${p.protocol ?? "TLS"}; credentials present in the target environment` });
  return out;
}
