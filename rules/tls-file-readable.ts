// Every certificate, key, CA bundle and CRL file the config names must be a regular file NativeLink can open and read.
import { startupConsequence, loadMessage } from "../src/facts/tls-client.ts";
import { nativelinkErrorText } from "../src/facts/endpoints.ts";
import { defineRule } from "../src/rule-helpers.ts";
import type { Report } from "../src/types.ts";
import type { TlsFileRef } from "../src/model.ts";
import { DEFAULT_MAX_BYTES, type FileRead } from "../src/tls/index.ts";
import type { ConfigModel } from "../src/model.ts";
import { isClientRole, named, nativelinkOpens, ontapCaError, ontapOpenTip, tlsFiles } from "../src/facts/tls-server.ts";

const TLS = (cert: string) =>
  `{ stores: [{ name: "CAS", memory: {} }], servers: [{ listener: { http: { socket_address: "0.0.0.0:50051", tls: { cert_file: "${cert}", key_file: "certs/server-key.pem" } } }, services: { cas: [{ cas_store: "CAS" }] } }] }`;

/** The tip NativeLink appends to the I/O error for a server-side file. */
function openTip(ref: TlsFileRef): string {
  if (ref.role === "server-key") return `Could not open key file ${ref.str.value}`;
  if (ref.role === "client-crl") return `Could not open CRL file ${ref.str.value}`;
  return `Could not open cert file ${ref.str.value}`;
}

const IO_CODE: Record<string, string> = { ENOENT: "NotFound", EACCES: "PermissionDenied" };

function consequence(ref: TlsFileRef): string {
  if (isClientRole(ref.role)) return startupConsequence(ref.endpoint!);
  return "NativeLink stops at startup";
}

/** NativeLink's innermost message for a read failure: Rust's io::Error text, wrapped where it is. */
function nativelinkText(model: ConfigModel, ref: TlsFileRef, read: FileRead): string | undefined {
  const code = read.error?.code;
  let io = read.error?.rust;
  if (code === "EISDIR") {
    // File::open succeeds on a directory; the first read fails. pki-types wraps it as pem::Error::Io.
    io = "Is a directory (os error 21)";
    if (ref.role === "ontap-ca") return ontapCaError(model, ref, "Internal", [`I/O error: ${io}`]);
    if (!isClientRole(ref.role)) return `I/O error: ${io}`;
  }
  if (code === "NOT_REGULAR" && read.kind === "socket") io = "No such device or address (os error 6)";
  if (!io) return undefined;
  if (ref.role === "ontap-ca") return ontapCaError(model, ref, IO_CODE[code ?? ""] ?? "Unknown", [io, ontapOpenTip(ref)]);
  if (isClientRole(ref.role)) return loadMessage(ref.endpoint!, IO_CODE[code ?? ""] ?? "Unknown", [io]);
  return serverOpenError(ref, IO_CODE[code ?? ""] ?? "Unknown", io);
}

/**
 * NativeLink's whole message for a server file it cannot open: the I/O error, the open tip, and
 * main's tip, since the listener's TLS files are read in inner_main itself (src/bin/nativelink.rs:472-520,878).
 */
function serverOpenError(ref: TlsFileRef, code: string, io: string): string {
  return nativelinkErrorText(code, [io, openTip(ref), "main() function failed"]);
}

export default defineRule(
  {
    id: "tls-file-readable",
    category: "filesystem",
    aboutFiles: true,
    severity: "error",
    summary: "every TLS file the config names must be a regular file NativeLink can open and read",
    why: "The server opens cert_file, key_file, client_ca_file and (with client_ca_file) client_crl_file when it starts its listener; a grpc store or the grpc scheduler reads its tls_config files when it is built; a worker reads them before every connection attempt; an ONTAP store opens root_certificates when it is built. A missing or unreadable file stops NativeLink (the server messages name the file, the client ones print only the OS error), or leaves a worker retrying every 0.5 s. A directory opens and then fails on the first read; a FIFO makes NativeLink block at startup until something writes to it.",
    fix: "Point the field at the right file (relative paths resolve against NativeLink's working directory), and make it readable by the user NativeLink runs as: 644 for certificates, CA bundles and CRLs; 600 or 400, owned by that user, for private keys.",
    nativelink: [
      { message: "<I/O error, e.g. No such file or directory (os error 2)> + Could not open cert file {cert_file} + main() function failed", source: "src/bin/nativelink.rs:473-477,878" },
      { message: "<I/O error> + Could not open key file {key_file} + main() function failed", source: "src/bin/nativelink.rs:484-487,878" },
      { message: "<I/O error> + Could not open CRL file {client_crl_file} + main() function failed", source: "src/bin/nativelink.rs:516-520,878" },
      { message: "I/O error: Is a directory (os error 21) + Could not extract certs from file {cert_file}", source: "src/bin/nativelink.rs:478-480" },
      { message: "<I/O error only; the path is not named>", source: "nativelink-util/src/tls_utils.rs:46,56-57" },
      { message: "<I/O error> + Failed to open CA certificate file {root_certificates} + Failed to create store '{name}'", source: "nativelink-store/src/ontap_s3_store.rs:99-103" },
    ],
    catalog: ["tls-cert-open", "tls-key-open", "tls-crl-open", "client-tls-file-unreadable", "ontap-ca-file-open"],
    examples: {
      bad: { config: TLS("certs/server.pem"), files: { "certs/server-cert.pem": "@pki:server", "certs/server-key.pem": "@pki:serverKey" } },
      good: { config: TLS("certs/server-cert.pem"), files: { "certs/server-cert.pem": "@pki:server", "certs/server-key.pem": "@pki:serverKey" } },
    },
  },
  function* (ctx): Iterable<Report> {
    const model = ctx.model;
    if (!model) return;
    // An empty path: File::open("") fails with ENOENT (the engine does not read it).
    for (const ref of model.tlsFiles) {
      if (ref.str.unknown || ref.str.value !== "" || !nativelinkOpens(ref)) continue;
      yield {
        node: ref.str.node,
        message: `${named(ref)} is an empty path: ${consequence(ref)}`,
        nativelink: isClientRole(ref.role)
          ? loadMessage(ref.endpoint!, "NotFound", ["No such file or directory (os error 2)"])
          : ref.role === "ontap-ca"
            ? ontapCaError(model, ref, "NotFound", ["No such file or directory (os error 2)", ontapOpenTip(ref)])
            : serverOpenError(ref, "NotFound", "No such file or directory (os error 2)"),
        hint: "give the path of the file, or remove the field",
      };
    }
    for (const { ref, path, view } of tlsFiles(ctx)) {
      if (!nativelinkOpens(ref)) continue;
      const read = view.read;
      const code = read.error?.code;
      if (read.ok || !code || code === "EMPTY") continue;
      const where = path !== ref.str.value ? ` (resolved to ${path})` : "";
      const base = { at: ref.str.at, node: ref.str.node, nativelink: nativelinkText(model, ref, read) };
      switch (code) {
        case "ENOENT":
          yield {
            ...base,
            message: read.symlink
              ? `${named(ref)} is a symbolic link to a file that does not exist: ${consequence(ref)}`
              : `${named(ref)} does not exist: ${consequence(ref)}`,
            hint: `check the path${where}; relative paths resolve against NativeLink's working directory (--cwd)`,
          };
          break;
        case "EACCES":
          yield {
            ...base,
            message: `${named(ref)} cannot be read: permission denied for the user running nativelink-preflight; if NativeLink runs as the same user, ${consequence(ref)}`,
            hint: `let NativeLink's user read ${path}: chmod 644 for certificates and CRLs, chmod 600 and chown for private keys (check the directories' x bits too)`,
          };
          break;
        case "EISDIR":
          yield {
            ...base,
            message: `${named(ref)} is a directory, not a file: NativeLink opens it and fails on the first read, so ${consequence(ref)}`,
            hint: "name the PEM file inside the directory",
          };
          break;
        case "NOT_REGULAR": {
          const what =
            read.kind === "fifo"
              ? "is a FIFO (named pipe): NativeLink blocks opening it until something writes to it, and reads whatever that writer sends"
              : read.kind === "socket"
                ? `is a socket, which cannot be opened as a file: ${consequence(ref)}`
                : read.kind === "device"
                  ? "is a device, not a file of certificates or keys: NativeLink would read whatever the device yields"
                  : "is not a regular file";
          yield { ...base, message: `${named(ref)} ${what}`, hint: "point the field at a regular PEM file" };
          break;
        }
        case "TOO_LARGE":
          yield {
            ...base,
            severity: "warning",
            message: `${named(ref)} is larger than ${DEFAULT_MAX_BYTES / 1048576} MiB, so nativelink-preflight did not read it and could not check its contents`,
            hint: "check that the field names the intended file; certificate and key files are a few kilobytes",
          };
          break;
        default:
          yield {
            ...base,
            message: `${named(ref)} cannot be read (${read.error?.message ?? "unknown error"}): ${consequence(ref)}`,
            hint: `check the path${where} and its permissions`,
          };
      }
    }
  },
);
