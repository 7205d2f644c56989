declare global {
  interface Window {
    __interop?: Record<string, unknown>;
  }
}
export {};
