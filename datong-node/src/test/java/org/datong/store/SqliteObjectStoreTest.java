package org.datong.store;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The store contract on the embedded SQLite database. */
class SqliteObjectStoreTest extends ObjectStoreContract {
    @TempDir
    Path dir;

    @Override
    protected Database openDatabase() {
        return TestDatabases.sqlite(dir);
    }
}
