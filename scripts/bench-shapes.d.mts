export type Shape = "stores" | "undefined-refs" | "servers" | "endpoints" | "errors" | "duplicate-keys" | "suppressions";
export declare const SHAPES: Record<Shape, { head(): string; unit(i: number): string; tail(): string }>;
export declare function generate(shape: Shape, bytes: number): { text: string; units: number };
