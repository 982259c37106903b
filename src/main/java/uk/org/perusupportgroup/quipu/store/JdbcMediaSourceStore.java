package uk.org.perusupportgroup.quipu.store;

import static uk.org.perusupportgroup.quipu.store.ArticleRows.timestamp;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/** {@link MediaSourceStore} over JDBC, the same SQL on H2 and PostgreSQL. */
public final class JdbcMediaSourceStore implements MediaSourceStore {

    private final DataSource dataSource;

    public JdbcMediaSourceStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Optional<Source> find(String path) {
        return Transactions.read(dataSource, "media source", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT path, media_id, content_sha256"
                    + " FROM media_source WHERE path = ?")) {
                select.setString(1, path);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(new Source(rows.getString(1), rows.getLong(2), rows.getString(3).strip()))
                            : Optional.empty();
                }
            }
        });
    }

    @Override
    public void record(String path, long mediaId, String sha256, Instant at) {
        try {
            write(path, mediaId, sha256, at);
        } catch (StoreException e) {
            // another instance inserted the same path between our update and our insert: update its row instead
            write(path, mediaId, sha256, at);
        }
    }

    private void write(String path, long mediaId, String sha256, Instant at) {
        Transactions.write(dataSource, "media source", connection -> {
            if (update(connection, path, mediaId, sha256, at) == 0) {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO media_source (path, media_id,"
                        + " content_sha256, imported_at) VALUES (?, ?, ?, ?)")) {
                    insert.setString(1, path);
                    insert.setLong(2, mediaId);
                    insert.setString(3, sha256);
                    insert.setObject(4, timestamp(at));
                    insert.executeUpdate();
                }
            }
            return null;
        });
    }

    private static int update(Connection connection, String path, long mediaId, String sha256, Instant at) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE media_source SET media_id = ?, content_sha256 = ?,"
                + " imported_at = ? WHERE path = ?")) {
            update.setLong(1, mediaId);
            update.setString(2, sha256);
            update.setObject(3, timestamp(at));
            update.setString(4, path);
            return update.executeUpdate();
        }
    }
}
