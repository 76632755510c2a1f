/**
 * @kith/storage-sqlite — work in progress (issue 5, storage layer).
 *
 * @packageDocumentation
 */
export {}
