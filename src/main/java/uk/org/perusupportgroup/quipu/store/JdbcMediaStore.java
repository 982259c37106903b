package uk.org.perusupportgroup.quipu.store;

import static uk.org.perusupportgroup.quipu.store.ArticleRows.timestamp;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** {@link MediaStore} over JDBC, the same SQL on H2 and PostgreSQL; the files' bytes in a binary column. */
public final class JdbcMediaStore implements MediaStore {

    private static final String MEDIA_COLUMNS = "id, kind, alt, caption, credit, original_name, created_at, created_by";
    private static final String FILE_INFO = "name, width, height, content_type, byte_count";

    private final DataSource dataSource;

    public JdbcMediaStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Saved save(NewMedia media) {
        if (media.files().isEmpty()) {
            throw new IllegalArgumentException("an upload needs at least one file");
        }
        try {
            return Transactions.write(dataSource, "media", connection -> {
                Optional<Long> earlier = ownerOf(connection, media.files().get(0).name());
                if (earlier.isPresent()) {
                    return new Saved(read(connection, earlier.get()).orElseThrow(), false);
                }
                long id = insert(connection, media);
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO media_file (name, media_id, width,"
                        + " height, content_type, byte_count, bytes) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    for (MediaFile file : media.files()) {
                        insert.setString(1, file.name());
                        insert.setLong(2, id);
                        setDimension(insert, 3, file.width());
                        setDimension(insert, 4, file.height());
                        insert.setString(5, file.contentType());
                        insert.setLong(6, file.bytes().length);
                        insert.setBytes(7, file.bytes());
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                return new Saved(read(connection, id).orElseThrow(), true);
            });
        } catch (StoreException e) {
            // another instance stored the same upload between our check and our insert: theirs stands
            Optional<StoredMedia> theirs = Transactions.read(dataSource, "media", connection -> {
                Optional<Long> owner = ownerOf(connection, media.files().get(0).name());
                return owner.isPresent() ? read(connection, owner.get()) : Optional.<StoredMedia>empty();
            });
            if (theirs.isPresent()) {
                return new Saved(theirs.get(), false);
            }
            throw e;
        }
    }

    private static long insert(Connection connection, NewMedia media) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO media (kind, alt, caption, credit,"
                + " original_name, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, media.kind());
            insert.setString(2, media.alt());
            insert.setString(3, media.caption());
            insert.setString(4, media.credit());
            insert.setString(5, media.originalName());
            insert.setObject(6, timestamp(media.createdAt()));
            insert.setString(7, media.createdBy());
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private static void setDimension(PreparedStatement statement, int index, int value) throws SQLException {
        if (value > 0) {
            statement.setInt(index, value);
        } else {
            statement.setNull(index, Types.INTEGER);
        }
    }

    private static Optional<Long> ownerOf(Connection connection, String name) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT media_id FROM media_file WHERE name = ?")) {
            select.setString(1, name);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getLong(1)) : Optional.empty();
            }
        }
    }

    @Override
    public Optional<MediaFile> file(String name) {
        return Transactions.read(dataSource, "media file", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + FILE_INFO + ", bytes FROM media_file"
                    + " WHERE name = ?")) {
                select.setString(1, name);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new MediaFile(rows.getString(1), rows.getInt(2), rows.getInt(3), rows.getString(4),
                            rows.getBytes(6)));
                }
            }
        });
    }

    @Override
    public Optional<FileInfo> info(String name) {
        return Transactions.read(dataSource, "media file", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + FILE_INFO + " FROM media_file WHERE name = ?")) {
                select.setString(1, name);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(new FileInfo(rows.getString(1), rows.getInt(2), rows.getInt(3),
                            rows.getString(4), rows.getLong(5))) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Optional<StoredMedia> find(long id) {
        return Transactions.read(dataSource, "media", connection -> read(connection, id));
    }

    @Override
    public List<StoredMedia> recent(int limit) {
        return Transactions.read(dataSource, "media", connection -> {
            Map<Long, StoredMedia> found = new LinkedHashMap<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT " + MEDIA_COLUMNS + " FROM media"
                    + " ORDER BY created_at DESC, id DESC FETCH FIRST ? ROWS ONLY")) {
                select.setInt(1, limit);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        found.put(rows.getLong(1), media(rows, List.of()));
                    }
                }
            }
            List<StoredMedia> recent = new ArrayList<>();
            for (StoredMedia media : found.values()) {
                recent.add(withFiles(media, files(connection, media.id())));
            }
            return recent;
        });
    }

    private static Optional<StoredMedia> read(Connection connection, long id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + MEDIA_COLUMNS + " FROM media WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(media(rows, files(connection, id))) : Optional.empty();
            }
        }
    }

    /** The files of an upload, the widest first. */
    private static List<FileInfo> files(Connection connection, long id) throws SQLException {
        List<FileInfo> files = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT " + FILE_INFO + " FROM media_file"
                + " WHERE media_id = ? ORDER BY width DESC, name")) {
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    files.add(new FileInfo(rows.getString(1), rows.getInt(2), rows.getInt(3), rows.getString(4), rows.getLong(5)));
                }
            }
        }
        return files;
    }

    private static StoredMedia media(ResultSet rows, List<FileInfo> files) throws SQLException {
        return new StoredMedia(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4), rows.getString(5),
                rows.getString(6), rows.getObject(7, OffsetDateTime.class).toInstant(), rows.getString(8), files);
    }

    private static StoredMedia withFiles(StoredMedia media, List<FileInfo> files) {
        return new StoredMedia(media.id(), media.kind(), media.alt(), media.caption(), media.credit(), media.originalName(),
                media.createdAt(), media.createdBy(), files);
    }
}
