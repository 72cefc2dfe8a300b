// NativeLink's error chains as they are printed, built here independently of src/ for assertions.

/** Rust's Debug form of a string. */
export function rustDebug(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** `Error { code, messages }` as NativeLink's Error prints (Display and Debug alike). */
export function errorText(code: string, messages: string[]): string {
  return `Error { code: ${code}, messages: [${messages.map(rustDebug).join(", ")}] }`;
}

/**
 * What NativeLink prints when building a grpc store's endpoint fails: the endpoint's error as one
 * message (`inner`, itself an `Error { ... }`), GrpcStore's tip, startup's store tip and main's tip.
 */
export function grpcStoreChain(inner: string, store = "U"): string {
  return errorText("InvalidArgument", [inner, "Invalid URI for GrpcStore endpoint", `Failed to create store '${store}'`, "main() function failed"]);
}
