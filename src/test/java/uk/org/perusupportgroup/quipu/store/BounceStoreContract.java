package uk.org.perusupportgroup.quipu.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import uk.org.perusupportgroup.quipu.subscriber.Alert;
import uk.org.perusupportgroup.quipu.subscriber.AlertRequest;
import uk.org.perusupportgroup.quipu.subscriber.Frequency;

/**
 * Bounces and complaints on a real database: a hard bounce suppresses at once, soft ones only once enough fall in the
 * window, a complaint ends every alert of the subscriber, the same report read twice counts once, and no address is
 * kept in the bounce record.
 */
abstract class BounceStoreContract extends DatabaseContract {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    private JdbcAlertStore alerts;
    private JdbcBounceStore bounces;

    @Override
    void opened(javax.sql.DataSource dataSource) {
        alerts = new JdbcAlertStore(dataSource);
        bounces = new JdbcBounceStore(dataSource);
    }

    /** A subscriber with a confirmed and a pending alert; returns its id. */
    private long subscriber(String hash) {
        long first = alerts.request(request(hash + "@example.org"), hash, hash + "-key", "{}", NOW, NOW.plus(Duration.ofDays(7)),
                3, "example.org").alertId();
        alerts.confirm(first, NOW, "192.0.2.1");
        alerts.request(request(hash + "@example.org"), hash, hash + "-key", "{}", NOW, NOW.plus(Duration.ofDays(7)), 3,
                "example.org");
        return alerts.find(first).orElseThrow().subscriberId();
    }

    private static AlertRequest request(String email) {
        return new AlertRequest(email, "mining", List.of(), List.of(), Frequency.DAILY, "en", "192.0.2.1", "test", "I agree");
    }

    private List<String> events(String hash) {
        return alerts.consent(hash).stream().map(AlertStore.ConsentEvent::kind).toList();
    }

    @Test
    void aSubscriberIsFoundByAddressHashAndTheOtherWayRound() {
        long id = subscriber("aaaa");
        assertEquals(Optional.of(id), bounces.subscriberOf("aaaa"));
        assertEquals(Optional.of("aaaa"), bounces.addressHashOf(id));
        assertEquals(Optional.empty(), bounces.subscriberOf("nobody"));
        assertEquals(Optional.empty(), bounces.addressHashOf(id + 1000));
    }

    @Test
    void aHardBounceSuppressesAtOnceAndTheSameReportReadAgainDoesNothing() {
        subscriber("aaaa");
        BounceStore.Outcome first = bounces.hard("aaaa", "report-1", "5.1.1", "hard bounce: 5.1.1", NOW);
        assertTrue(first.recorded() && first.suppressed(), first.toString());
        assertTrue(alerts.isSuppressed("aaaa"));
        assertEquals(new BounceStore.Outcome(false, false, List.of()), bounces.hard("aaaa", "report-1", "5.1.1",
                "hard bounce: 5.1.1", NOW.plusSeconds(60)));
        BounceStore.Outcome another = bounces.hard("aaaa", "report-2", "5.1.1", "hard bounce: 5.1.1", NOW);
        assertTrue(another.recorded() && !another.suppressed(), "already suppressed: " + another);
        assertEquals(List.of("requested", "confirmed", "requested", "bounced", "suppressed"), events("aaaa"));
        assertEquals(Alert.State.CONFIRMED, alerts.ofSubscriber(bounces.subscriberOf("aaaa").orElseThrow()).get(0).state(),
                "the alerts stay as they are: suppression stops the mail");
    }

    @Test
    void softBouncesSuppressOnlyWhenEnoughFallInTheWindow() {
        subscriber("bbbb");
        Instant since = NOW.minus(Duration.ofDays(14));
        // one old one, outside the window
        bounces.soft("bbbb", "old", "4.2.2", since.minusSeconds(1), 3, since.minus(Duration.ofDays(14)), "soft");
        assertFalse(bounces.soft("bbbb", "r1", "4.2.2", NOW.minus(Duration.ofDays(3)), 3, since, "soft").suppressed());
        assertFalse(bounces.soft("bbbb", "r2", "4.4.1", NOW.minus(Duration.ofDays(1)), 3, since, "soft").suppressed());
        assertFalse(bounces.soft("bbbb", "r2", "4.4.1", NOW, 3, since, "soft").recorded(), "the same report twice");
        assertEquals(2, bounces.softBounces("bbbb", since));
        assertFalse(alerts.isSuppressed("bbbb"));
        BounceStore.Outcome third = bounces.soft("bbbb", "r3", "5.2.2", NOW, 3, since, "soft bounces: 3 in 14 days");
        assertTrue(third.recorded() && third.suppressed(), third.toString());
        assertTrue(alerts.isSuppressed("bbbb"));
        assertEquals(List.of("requested", "confirmed", "requested", "bounced", "suppressed"), events("bbbb"));
    }

    @Test
    void aComplaintEndsEveryAlertOfTheSubscriberOnceAndCancelsTheirLinks() {
        long id = subscriber("cccc");
        int version = alerts.ofSubscriber(id).get(0).linkVersion();
        BounceStore.Outcome outcome = bounces.complaint(id, "arf-1", "abuse", NOW);
        assertTrue(outcome.recorded() && !outcome.suppressed(), outcome.toString());
        assertEquals(2, outcome.ended().size(), "the confirmed and the pending one");
        assertTrue(alerts.ofSubscriber(id).stream().allMatch(a -> a.state() == Alert.State.UNSUBSCRIBED));
        assertEquals(version + 1, alerts.ofSubscriber(id).get(0).linkVersion());
        assertEquals(List.of("requested", "confirmed", "requested", "complained", "complained"), events("cccc"));
        assertTrue(alerts.consent("cccc").get(3).detail().orElseThrow().contains("\"feedback_type\":\"abuse\""));
        assertFalse(alerts.changedSince(NOW).isEmpty(), "the other instances' indexes learn of it");

        assertEquals(new BounceStore.Outcome(false, false, List.of()), bounces.complaint(id, "arf-1", "abuse", NOW));
        assertEquals(List.of(), bounces.complaint(id, "arf-2", "abuse", NOW).ended(), "nothing left to end");
        assertEquals(new BounceStore.Outcome(false, false, List.of()), bounces.complaint(id + 1000, "arf-3", "abuse", NOW),
                "nobody");
    }

    @Test
    void theRecordKeepsNoAddressAndOldRowsAreForgotten() throws SQLException {
        subscriber("dddd");
        bounces.soft("dddd", "r1", "4.2.2", NOW.minus(Duration.ofDays(40)), 3, NOW.minus(Duration.ofDays(54)), "soft");
        bounces.hard("dddd", "r2", "5.1.1", "hard bounce: 5.1.1", NOW);
        try (Connection connection = database.dataSource().getConnection();
                var select = connection.createStatement();
                var rows = select.executeQuery("SELECT * FROM mail_bounce")) {
            while (rows.next()) {
                for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
                    String value = rows.getString(column);
                    assertFalse(value != null && value.contains("@"), "no address: " + value);
                }
            }
        }
        assertEquals(1, bounces.forget(NOW.minus(Duration.ofDays(30))));
        assertEquals(0, bounces.softBounces("dddd", Instant.EPOCH));
    }
}
