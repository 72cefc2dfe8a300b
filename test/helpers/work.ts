// Counts the elements and characters the built-in searches look at while a function runs, so a
// test can assert that work grows with the input, not with its square, without timing anything.
// (String#indexOf over the rest of a string, Array#indexOf/includes/some/find in a loop are the
// usual ways a scanner turns quadratic.)

export interface Work {
  /** Characters String#indexOf/lastIndexOf/includes examined (up to the match, or to the end). */
  chars: number;
  /** Array elements Array#indexOf/includes/some/find/findIndex/every examined. */
  elements: number;
  /** With `{ lookups: true }`: calls of Map#get/has and Set#has (a graph search takes one or more per step). */
  lookups: number;
  /** With `{ lookups: true }`: the characters of the string keys of those calls (a key made afresh is hashed whole). */
  keyChars: number;
  /** With `{ lookups: true }`: elements Array#shift/unshift moved (all that stay behind the first). */
  moved: number;
  /** With `{ filters: true }`: elements Array#filter examined (a filter per item of a list is quadratic). */
  filtered: number;
  /** With `{ stores: true }`: calls of Map#set and Set#add (a table copied or rebuilt per item of a list is quadratic). */
  stored: number;
  /** With `{ reads: true }`: calls of String#charCodeAt and String#codePointAt (a scan of a whole text per item is quadratic). */
  reads: number;
}

type AnyFn = (...args: never[]) => unknown;

export async function measureWork<T>(run: () => Promise<T> | T, opts: { lookups?: boolean; filters?: boolean; stores?: boolean; reads?: boolean } = {}): Promise<{ result: T; work: Work }> {
  const work: Work = { chars: 0, elements: 0, lookups: 0, keyChars: 0, moved: 0, filtered: 0, stored: 0, reads: 0 };
  const S = String.prototype as unknown as Record<string, AnyFn>;
  const A = Array.prototype as unknown as Record<string, AnyFn>;
  const saved: [Record<string, AnyFn>, string, AnyFn][] = [];
  const patch = (proto: Record<string, AnyFn>, name: string, wrap: (orig: AnyFn) => AnyFn) => {
    const orig = proto[name]!;
    saved.push([proto, name, orig]);
    Object.defineProperty(proto, name, { value: wrap(orig), writable: true, configurable: true });
  };
  patch(S, "indexOf", (orig) =>
    function (this: string, search: string, from?: number) {
      const r = (orig as unknown as (s: string, f?: number) => number).call(this, search, from);
      const start = Math.max(0, Math.min(this.length, from ?? 0));
      work.chars += (r < 0 ? this.length : r + search.length) - start;
      return r;
    },
  );
  patch(S, "lastIndexOf", (orig) =>
    function (this: string, search: string, from?: number) {
      const r = (orig as unknown as (s: string, f?: number) => number).call(this, search, from);
      const end = Math.min(this.length, from ?? this.length);
      work.chars += r < 0 ? end : end - r;
      return r;
    },
  );
  patch(S, "includes", (orig) =>
    function (this: string, search: string, from?: number) {
      const r = (orig as unknown as (s: string, f?: number) => boolean).call(this, search, from);
      work.chars += this.length - Math.max(0, from ?? 0);
      return r;
    },
  );
  for (const name of ["indexOf", "includes"]) {
    patch(A, name, (orig) =>
      function (this: unknown[], ...args: unknown[]) {
        const r = (orig as unknown as (...a: unknown[]) => unknown).apply(this, args);
        work.elements += typeof r === "number" && r >= 0 ? r + 1 : this.length;
        return r;
      },
    );
  }
  for (const name of ["some", "find", "findIndex", "every"]) {
    patch(A, name, (orig) =>
      function (this: unknown[], cb: (...a: unknown[]) => unknown, thisArg?: unknown) {
        return (orig as unknown as (f: (...a: unknown[]) => unknown) => unknown).call(this, (...a: unknown[]) => {
          work.elements++;
          return cb.apply(thisArg, a);
        });
      },
    );
  }
  if (opts.lookups) {
    const M = Map.prototype as unknown as Record<string, AnyFn>;
    const St = Set.prototype as unknown as Record<string, AnyFn>;
    for (const [proto, name] of [[M, "get"], [M, "has"], [St, "has"]] as const) {
      patch(proto, name, (orig) =>
        function (this: unknown, key: unknown) {
          work.lookups++;
          if (typeof key === "string") work.keyChars += key.length;
          return (orig as unknown as (k: unknown) => unknown).call(this, key);
        },
      );
    }
    for (const name of ["shift", "unshift"]) {
      patch(A, name, (orig) =>
        function (this: unknown[], ...args: unknown[]) {
          work.moved += Math.max(0, this.length - (name === "shift" ? 1 : 0));
          return (orig as unknown as (...a: unknown[]) => unknown).apply(this, args);
        },
      );
    }
  }
  if (opts.filters) {
    patch(A, "filter", (orig) =>
      function (this: unknown[], ...args: unknown[]) {
        work.filtered += this.length;
        return (orig as unknown as (...a: unknown[]) => unknown).apply(this, args);
      },
    );
  }
  if (opts.stores) {
    const M = Map.prototype as unknown as Record<string, AnyFn>;
    const St = Set.prototype as unknown as Record<string, AnyFn>;
    for (const [proto, name] of [[M, "set"], [St, "add"]] as const) {
      patch(proto, name, (orig) =>
        function (this: unknown, ...args: unknown[]) {
          work.stored++;
          return (orig as unknown as (...a: unknown[]) => unknown).apply(this, args);
        },
      );
    }
  }
  if (opts.reads) {
    for (const name of ["charCodeAt", "codePointAt"]) {
      patch(S, name, (orig) =>
        function (this: string, i?: number) {
          work.reads++;
          return (orig as unknown as (i?: number) => number | undefined).call(this, i);
        },
      );
    }
  }
  try {
    const result = await run();
    return { result, work };
  } finally {
    for (const [proto, name, orig] of saved.reverse()) Object.defineProperty(proto, name, { value: orig, writable: true, configurable: true });
  }
}
