package uk.org.perusupportgroup.quipu.publish;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import uk.org.perusupportgroup.quipu.article.Article;
import uk.org.perusupportgroup.quipu.article.Image;
import uk.org.perusupportgroup.quipu.store.MediaStore;
import uk.org.perusupportgroup.quipu.store.MediaStore.FileInfo;
import uk.org.perusupportgroup.quipu.store.MediaStore.StoredMedia;

/**
 * The uploads an article shows, as feeds and pages need them: its lead image's files, and the files its body links to
 * or shows ({@code /media/…}), with their type and length. Uploads never change, so what is read is kept (bounded); an
 * id or name not found is asked again after a while. Blocking (reads the store on a miss).
 */
public final class ArticleMedia {

    /** A {@code /media/} file named in an article's HTML, as a link or an image. */
    private static final Pattern LINKED = Pattern.compile("(?:href|src)=\"/media/([A-Za-z0-9][A-Za-z0-9._-]{0,120})\"");
    /** The rendition a feed carries and a shared link shows: wide enough for any reader, not the largest. */
    static final int FEED_WIDTH = 1600;

    private final MediaStore store;
    private final Cache<Long, Optional<StoredMedia>> uploads;
    private final Cache<String, Optional<FileInfo>> files;

    public ArticleMedia(MediaStore store) {
        this.store = store;
        this.uploads = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(10)).build();
        this.files = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(10)).build();
    }

    /**
     * A lead image with its files, the widest first (photos only: an upload that is a document is none).
     *
     * @param files every width stored, the widest first; never empty
     */
    public record Picture(Image image, List<FileInfo> files) {

        public Picture {
            files = List.copyOf(files);
        }

        /** The widest file at most {@code width} wide, else the narrowest. */
        public FileInfo atMost(int width) {
            return files.stream().filter(file -> file.width() <= width).findFirst().orElse(files.get(files.size() - 1));
        }

        /** The narrowest file: a thumbnail. */
        public FileInfo smallest() {
            return files.get(files.size() - 1);
        }
    }

    /**
     * The upload of this id, if stored. One not found is asked again next time (it may be uploaded any moment, on any
     * instance); one found is kept.
     */
    public Optional<StoredMedia> upload(long id) {
        Optional<StoredMedia> known = uploads.getIfPresent(id);
        if (known != null) {
            return known;
        }
        Optional<StoredMedia> found = store.find(id);
        found.ifPresent(upload -> uploads.put(id, found));
        return found;
    }

    /** The article's lead image and its files, when it has one and its upload is a stored photo. */
    public Optional<Picture> lead(Article article) {
        return article.image().flatMap(image -> upload(image.mediaId())
                .filter(upload -> upload.kind().equals("image") && !upload.files().isEmpty())
                .map(upload -> new Picture(image, upload.files().stream()
                        .sorted(Comparator.comparingInt(FileInfo::width).reversed()).toList())));
    }

    /** The stored files the article's body links to or shows, in their order, each once. */
    public List<FileInfo> linked(Article article) {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = LINKED.matcher(article.bodyHtml());
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        List<FileInfo> found = new ArrayList<>();
        for (String name : names) {
            Optional<FileInfo> known = files.getIfPresent(name);
            Optional<FileInfo> info = known != null ? known : store.info(name);
            info.ifPresent(file -> {
                files.put(name, info);
                found.add(file);
            });
        }
        return found;
    }
}
