-- Every signed link a subscriber is sent carries their link version; raising it cancels every link
-- made before (unsubscribing from everything, "Cancel all my links"). Links made before versions
-- existed read as version 0, so they keep working until the first cancellation.
ALTER TABLE subscriber ADD COLUMN link_version INTEGER DEFAULT 0 NOT NULL;
-- outbox.kind gains 'links': fresh links (manage; export or erase) a subscriber asked for.
