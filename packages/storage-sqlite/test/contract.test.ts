import { storageContract } from "@kith/storage/testing"
import { openSqliteStorage } from "@kith/storage-sqlite"

storageContract("sqlite :memory:", () => openSqliteStorage())
