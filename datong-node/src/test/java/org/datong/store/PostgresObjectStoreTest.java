package org.datong.store;

/** The store contract on PostgreSQL, in a schema of its own. */
class PostgresObjectStoreTest extends ObjectStoreContract {
    private TestDatabases.PgSchema schema;

    @Override
    protected Database openDatabase() {
        schema = TestDatabases.postgres();
        return schema.database();
    }

    @Override
    @org.junit.jupiter.api.AfterEach
    void close() {
        if (schema != null) {
            schema.close();
        }
    }
}
