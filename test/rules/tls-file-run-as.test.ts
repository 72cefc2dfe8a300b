import { mkdtempSync, chmodSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";
import { makePki, type Pki } from "../helpers/pki.ts";
import { canRead, resolveUser } from "../../src/host-users.ts";

const RULE = "tls-file-run-as";
let pki: Pki;
let dir: string;
beforeAll(async () => {
  pki = await makePki(mkdtempSync(join(tmpdir(), "nlp-runas-pki-")));
  dir = mkdtempSync(join(tmpdir(), "nlp-runas-"));
  copyFileSync(pki.files.server, join(dir, "server.pem"));
  copyFileSync(pki.files.serverKey, join(dir, "server-key.pem"));
  chmodSync(join(dir, "server.pem"), 0o644);
  chmodSync(join(dir, "server-key.pem"), 0o600);
});
const CONFIG = '{ stores: [], servers: [{ listener: { http: { socket_address: "127.0.0.1:50051", tls: { cert_file: "server.pem", key_file: "server-key.pem" } } }, services: { health: {} } }] }';

describe(RULE, () => {
  it("reports files the NativeLink user cannot read (here: a root-owned 600 key, user nobody)", async () => {
    expect(lines(await lint(CONFIG, { cwd: dir, now: pki.now, runAs: "nobody" }), RULE)).toEqual([
      '1:124 key_file "server-key.pem" is not readable by nobody, the user NativeLink runs as (mode 600, owner uid 0, group gid 0): NativeLink stops at startup',
    ]);
  });
  it("passes the owner, and root", async () => {
    expect(lines(await lint(CONFIG, { cwd: dir, now: pki.now, runAs: "root" }), RULE)).toEqual([]);
    expect(lines(await lint(CONFIG, { cwd: dir, now: pki.now, runAs: "0" }), RULE)).toEqual([]);
  });
  it("does nothing without --run-as", async () => {
    expect(lines(await lint(CONFIG, { cwd: dir, now: pki.now }), RULE)).toEqual([]);
  });
  it("says so when the user is unknown on this host", async () => {
    expect(lines(await lint(CONFIG, { cwd: dir, now: pki.now, runAs: "no-such-user-here" }), RULE)).toEqual([
      "1:1 --run-as no-such-user-here: no such user in this host's /etc/passwd, so file access was not checked",
    ]);
  });
});

describe("account files", () => {
  const passwd = "root:x:0:0:root:/root:/bin/bash\nnl:x:998:997::/var/lib/nl:/usr/sbin/nologin\n";
  const group = "root:x:0:\nnl:x:997:\nssl-cert:x:111:nl,postgres\n";
  it("resolves primary and supplementary groups, and numeric uids", () => {
    expect(resolveUser("nl", passwd, group)).toEqual({ name: "nl", found: true, uid: 998, gids: [997, 111] });
    expect(resolveUser("998", passwd, group)).toMatchObject({ uid: 998, gids: [997, 111] });
    expect(resolveUser("ghost", passwd, group).found).toBe(false);
  });
  it("judges access by owner, then group, then others", () => {
    const nl = resolveUser("nl", passwd, group);
    expect(canRead(nl, 0o600, 998, 0)).toBe(true);
    expect(canRead(nl, 0o640, 0, 111)).toBe(true);
    expect(canRead(nl, 0o600, 0, 111)).toBe(false);
    expect(canRead(nl, 0o604, 0, 0)).toBe(true);
    expect(canRead(nl, 0o060, 998, 997)).toBe(false);
  });
});
