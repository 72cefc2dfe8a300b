// Value conversions of NativeLink v1.6.6's serde helpers (nativelink-config/src/serde_utils.rs),
// with the exact messages NativeLink prints (without the "line L, column C - " prefix).

export * from "./shellexpand.ts";
export * from "./numeric.ts";
export * from "./bool.ts";
export * from "./duration.ts";
export * from "./datasize.ts";
