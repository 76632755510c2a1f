/**
 * @kith/storage-postgres — work in progress (issue 5, storage layer).
 *
 * @packageDocumentation
 */
export {}
