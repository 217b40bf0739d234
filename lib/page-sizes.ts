/** Rows per page an operator list offers (pure: the list controls import it in the browser). */
export const PAGE_SIZES = [25, 50, 100, 200] as const;
export const DEFAULT_PAGE_SIZE = 50;
