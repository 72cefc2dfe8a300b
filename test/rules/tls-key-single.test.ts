import { beforeAll, describe, expect, it } from "vitest";
import type { Pki } from "../helpers/pki.ts";
import { findings, found, rel, server, serverPki, text, write } from "../helpers/tls-server.ts";

const RULE = "tls-key-single";

let pki: Pki;
beforeAll(async () => {
  pki = await serverPki();
  write(pki, "three.key", text(pki, "serverKey") + text(pki, "clientKey") + "#".repeat(9000) + "\n" + text(pki, "expiredKey"));
});

describe(RULE, () => {
  it("reports a second key past the first 8 KiB as the startup error it is", async () => {
    const b = server({ cert_file: rel(pki, "server"), key_file: rel(pki, "twoKeysFar") });
    expect(await found(pki, b.config, RULE)).toEqual([
      `${b.at("key_file")} key_file "two-keys-far.key" holds 2 private keys (lines 1 and 156): NativeLink reads the first and then finds the one at line 156, past the 8 KiB it buffered, so startup stops`,
    ]);
  });

  it("reports two keys in a small file: the guides say startup fails, v1.6.6 uses the first", async () => {
    const b = server({ cert_file: rel(pki, "server"), key_file: rel(pki, "twoKeys") });
    expect(await found(pki, b.config, RULE)).toEqual([
      `${b.at("key_file")} key_file "two-keys.key" holds 2 private keys (lines 1 and 6): the guides say NativeLink refuses such a file, but v1.6.6 silently uses the first (line 1) and ignores the rest, which lie within the first 8 KiB it buffers`,
    ]);
  });

  it("names both an ignored key and the one that stops startup", async () => {
    const b = server({ cert_file: rel(pki, "server"), key_file: "three.key" });
    expect(await found(pki, b.config, RULE)).toEqual([
      `${b.at("key_file")} key_file "three.key" holds 3 private keys (lines 1, 6 and 12): NativeLink reads the first and then finds the one at line 12, past the 8 KiB it buffered, so startup stops; the key at line 6, within the first 8 KiB, would have been ignored`,
    ]);
  });

  it("passes a single key, and a key file it cannot read", async () => {
    expect(await found(pki, server({ cert_file: rel(pki, "server"), key_file: rel(pki, "serverKey") }).config, RULE)).toEqual([]);
    expect(await found(pki, server({ cert_file: rel(pki, "server"), key_file: rel(pki, "encryptedKey") }).config, RULE)).toEqual([]);
    expect(await found(pki, server({ cert_file: rel(pki, "server"), key_file: "missing.key" }).config, RULE)).toEqual([]);
  });

  it("carries NativeLink's message and severity", async () => {
    const [far] = await findings(pki, server({ cert_file: rel(pki, "server"), key_file: rel(pki, "twoKeysFar") }).config, RULE);
    expect(far?.nativelink).toBe("Expected 1 key in file two-keys-far.key");
    expect(far?.severity).toBe("error");
    expect(far?.pointer).toBe("/servers/0/listener/http/tls/key_file");
    const [near] = await findings(pki, server({ cert_file: rel(pki, "server"), key_file: rel(pki, "twoKeys") }).config, RULE);
    expect(near?.severity).toBe("warning");
    expect(near?.nativelink).toBeUndefined();
  });
});
