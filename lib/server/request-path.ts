/** The request header proxy.ts puts the asked-for path (with its query) in, for the login redirect's `next`. */
export const REQUEST_PATH_HEADER = "x-dashboard-path";
