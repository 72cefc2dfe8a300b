import { describe, expect, it } from "vitest";
import { lint, lines } from "../helpers/lint.ts";
import { redisConnectionInfo } from "../../src/facts/stores.ts";

const RULE = "redis-store-addresses-valid";
const R = (body: string) => `{ stores: [{ name: "R", redis_store: { ${body} } }], servers: [] }`;

describe(RULE, () => {
  const invalid: [string, string, string[]][] = [
    ["no addresses", R("addresses: []"), ['1:51 redis store "R" lists no addresses']],
    ["two addresses in standard mode", R('addresses: ["redis://a:6379", "redis://b:6379"]'), ['1:70 redis store "R" in standard mode lists 2 addresses; only one is accepted outside cluster mode']],
    ["rediss://, with the password redacted", R('addresses: ["rediss://u:secret@a:6380"]'), ['1:52 redis store "R" address "rediss://u:<redacted>@a:6380" is not a URL NativeLink\'s redis client accepts: can\'t connect with TLS, the feature is not enabled']],
    ["host:port without a scheme", R('addresses: ["127.0.0.1:6379"]'), ['1:52 redis store "R" address "127.0.0.1:6379" is not a URL NativeLink\'s redis client accepts: Redis URL did not parse']],
    ["redis+sentinel:// in cluster mode", R('addresses: ["redis+sentinel://s:26379"], mode: "cluster"'), ['1:52 redis store "R" address "redis+sentinel://s:26379" is not a URL NativeLink\'s redis client accepts: Redis URL did not parse']],
    ["a bad cluster seed after a good one", R('addresses: ["redis://a:1", "x"], mode: "cluster"'), ['1:67 redis store "R" address "x" is not a URL NativeLink\'s redis client accepts: Redis URL did not parse']],
    ["a unix socket among cluster seeds", R('addresses: ["redis://a:1", "unix:///run/redis.sock"], mode: "cluster"'), ['1:67 redis cluster store "R" seed 2: This library cannot use unix socket because Redis\'s cluster command returns only cluster\'s IP and port.']],
    ["cluster seeds with different passwords", R('addresses: ["redis://u:p@a:1", "redis://b:1"], mode: "cluster"'), ['1:71 redis cluster store "R" seed 2: Cannot use different password among initial nodes.']],
  ];
  for (const [name, config, want] of invalid) {
    it(`reports ${name}`, async () => {
      expect(lines(await lint(config), RULE)).toEqual(want);
    });
  }

  const valid: [string, string][] = [
    ["one redis:// URL with a database", R('addresses: ["redis://:pw@redis.internal:6379/2"]')],
    ["a sentinel URL in sentinel mode", R('addresses: ["redis+sentinel://s:26379/?sentinelServiceName=primary"], mode: "sentinel"')],
    ["a sentinel URL in standard mode (rewritten to redis://)", R('addresses: ["redis+sentinel://s:26379"]')],
    ["several seeds in cluster mode", R('addresses: ["redis://a:7000", "valkey://b:7001"], mode: "cluster"')],
    ["a unix socket in standard mode", R('addresses: ["unix:///run/redis.sock?db=1"]')],
    ["an address from an unset variable under --lenient-env", R('addresses: ["${REDIS_URL}"]')],
  ];
  for (const [name, config] of valid) {
    it(`passes ${name}`, async () => {
      expect(lines(await lint(config, { lenientEnv: true }), RULE)).toEqual([]);
    });
  }

  it("parses only the first address outside cluster mode", async () => {
    expect(lines(await lint(R('addresses: ["redis://a:1", "garbage"]')), RULE)).toEqual(['1:67 redis store "R" in standard mode lists 2 addresses; only one is accepted outside cluster mode']);
  });

  const urls: [string, string | undefined][] = [
    ["redis://h:6379", undefined],
    ["REDIS://H", undefined],
    ["redis://", "Missing hostname - InvalidClientConfig"],
    ["redis:h", "Missing hostname - InvalidClientConfig"],
    ["redis://0.0.0.0:6379", "Cannot connect to a wildcard address (0.0.0.0 or ::) - InvalidClientConfig"],
    ["redis://[::]:6379", "Cannot connect to a wildcard address (0.0.0.0 or ::) - InvalidClientConfig"],
    ["valkeys://h", "can't connect with TLS, the feature is not enabled - InvalidClientConfig"],
    ["redis://h/x", "Invalid database number - InvalidClientConfig"],
    ["redis://h/-1", undefined],
    ["redis://u%ff@h", "Username is not valid UTF-8 string - InvalidClientConfig"],
    ["redis://u:%ff@h", "Password is not valid UTF-8 string - InvalidClientConfig"],
    ["redis://h?protocol=resp3", undefined],
    ["redis://h?protocol=4&protocol=3", undefined],
    ["redis://h?protocol=4", "Invalid protocol version - InvalidClientConfig: 4"],
    ["redis://h:70000", "Redis URL did not parse - InvalidClientConfig"],
    ["unix://localhost/run/r.sock", undefined],
    ["unix://other/run/r.sock", "Missing path - InvalidClientConfig"],
    ["redis+unix:relative", "Missing path - InvalidClientConfig"],
    ["unix:///run/r.sock?db=x", "Invalid database number - InvalidClientConfig"],
    ["http://h", "Redis URL did not parse - InvalidClientConfig"],
  ];
  for (const [url, want] of urls) {
    it(`parses ${url} like redis-rs`, () => {
      const r = redisConnectionInfo(url);
      expect(r.ok ? undefined : r.error).toBe(want);
    });
  }

  it("carries redis-rs's message as NativeLink formats it", async () => {
    const f = (await lint(R('addresses: ["rediss://a:6380"]'))).find((x) => x.ruleId === RULE);
    expect(f?.nativelink).toBe("InvalidClientConfig: can't connect with TLS, the feature is not enabled - InvalidClientConfig");
    expect(f?.pointer).toBe("/stores/0/redis_store/addresses/0");
  });
});
