/** `serve`'s port unless --port says otherwise; apart from server.ts so the help loads no server. */
export const DEFAULT_PORT = 8737;
