package uk.org.perusupportgroup.quipu.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every fixture of the bounce mailbox read as what it is: hard or soft bounce, complaint, auto-reply, or unreadable. */
class ReportsTest {

    private static final String TOKEN = "c9-abcdefghijklmnop";
    private static final String ANA = "ana.quispe@example.net";
    private final Reports reports = new Reports(Optional.of(ReportFixtures.BOUNCE_ADDRESS));

    private Report read(String fixture) {
        return reports.read(ReportFixtures.load(fixture, TOKEN, ANA, "r1"));
    }

    @ParameterizedTest(name = "{0}: {2} {1}")
    @CsvSource({
        "postfix-user-unknown.eml, 5.1.1,  true",
        "exchange-no-token.eml,    5.1.10, true",
        "exim-mailbox-full.eml,    5.2.2,  false",
        "postfix-delayed.eml,      4.4.1,  false",
    })
    void aDeliveryStatusNotificationIsABounceOfItsRecipientWithItsStatus(String fixture, String status, boolean hard) {
        Report.Bounce bounce = assertInstanceOf(Report.Bounce.class, read(fixture));
        assertEquals(1, bounce.recipients().size(), bounce.toString());
        Report.Recipient recipient = bounce.recipients().get(0);
        assertEquals(List.of(ANA), recipient.addresses());
        assertEquals(status, recipient.status());
        assertEquals(status, bounce.status());
        assertEquals(hard, recipient.hard(), "hard");
        assertEquals(hard, bounce.hard());
        assertFalse(recipient.diagnostic().isBlank(), "the remote server's answer");
        assertFalse(recipient.diagnostic().contains("\n"), "one line");
    }

    @Test
    void theTokenOfTheReportsOwnRecipientComesFirst() {
        assertEquals(List.of(TOKEN), read("postfix-user-unknown.eml").tokens());
        assertEquals(List.of(TOKEN), read("exim-mailbox-full.eml").tokens(), "To, then the returned Return-Path: the same");
        assertEquals(List.of(), read("exchange-no-token.eml").tokens(), "sent on without our token: the recipient ties it");
    }

    @Test
    void aTokenIsReadWithoutRegardToCaseAndOnlyForOurBounceAddress() {
        byte[] upper = new String(ReportFixtures.load("postfix-delayed.eml", TOKEN, ANA, "r1"), StandardCharsets.UTF_8)
                .replace("bounces+" + TOKEN + "@psg.example", "BOUNCES+" + TOKEN.toUpperCase() + "@PSG.EXAMPLE")
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(List.of(TOKEN), reports.read(upper).tokens());
        assertEquals(List.of(), new Reports(Optional.of("returns@other.example")).read(ReportFixtures.load(
                "postfix-delayed.eml", TOKEN, ANA, "r1")).tokens());
        assertEquals(List.of(), new Reports(Optional.empty()).read(ReportFixtures.load("postfix-delayed.eml", TOKEN, ANA, "r1"))
                .tokens(), "no bounce address, no VERP");
        assertEquals(List.of(), reports.tokens("notbounces+" + TOKEN + "@psg.example, bounces+" + TOKEN + "@psg.example.org"));
    }

    @Test
    void anArfReportIsAComplaintTiedByTheReturnedEnvelopeSenderAndItsRecipient() {
        Report.Complaint complaint = assertInstanceOf(Report.Complaint.class, read("arf-abuse.eml"));
        assertEquals("abuse", complaint.feedbackType());
        assertTrue(complaint.complains());
        assertEquals(Optional.of(ANA), complaint.recipient());
        assertEquals(List.of(TOKEN), complaint.tokens(), "Original-Mail-From carries our token");
    }

    @Test
    void aRedactedArfReportIsTiedOnlyByOurReturnedHeaders() {
        Report.Complaint complaint = assertInstanceOf(Report.Complaint.class, read("yahoo-arf-redacted.eml"));
        assertEquals("abuse", complaint.feedbackType());
        assertEquals(Optional.of("redacted@yahoo.example"), complaint.recipient(), "an address that names nobody");
        assertEquals(List.of(TOKEN), complaint.tokens(), "the returned message's Return-Path");
    }

    @Test
    void aNotSpamReportComplainsOfNothing() {
        byte[] notSpam = new String(ReportFixtures.load("arf-abuse.eml", TOKEN, ANA, "r1"), StandardCharsets.UTF_8)
                .replace("Feedback-Type: abuse", "Feedback-Type: not-spam").getBytes(StandardCharsets.UTF_8);
        Report.Complaint complaint = assertInstanceOf(Report.Complaint.class, reports.read(notSpam));
        assertEquals("not-spam", complaint.feedbackType());
        assertFalse(complaint.complains());
    }

    @Test
    void aVacationNoticeIsAnAutoReply() {
        assertInstanceOf(Report.AutoReply.class, read("vacation.eml"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "garbage.eml,     could not be read",
        "human-reply.eml, not a delivery status notification or feedback report",
    })
    void anythingElseIsUnknownSayingWhatIsWrong(String fixture, String reason) {
        Report.Unknown unknown = assertInstanceOf(Report.Unknown.class, read(fixture));
        assertTrue(unknown.reason().startsWith(reason), unknown.reason());
        assertFalse(unknown.reason().contains("\n"), "one line for the log");
    }

    @Test
    void aReportWithNoFailedRecipientOrNoFeedbackTypeIsUnknown() {
        String delivered = new String(ReportFixtures.load("postfix-delayed.eml", TOKEN, ANA, "r1"), StandardCharsets.UTF_8)
                .replace("Action: delayed", "Action: delivered").replace("Status: 4.4.1", "Status: 2.0.0");
        Report.Unknown success = assertInstanceOf(Report.Unknown.class, reports.read(delivered.getBytes(StandardCharsets.UTF_8)));
        assertTrue(success.reason().contains("no failed or delayed recipient (delivered)"), success.reason());
        String typeless = new String(ReportFixtures.load("arf-abuse.eml", TOKEN, ANA, "r1"), StandardCharsets.UTF_8)
                .replace("Feedback-Type: abuse", "X-Feedback: abuse");
        Report.Unknown arf = assertInstanceOf(Report.Unknown.class, reports.read(typeless.getBytes(StandardCharsets.UTF_8)));
        assertTrue(arf.reason().contains("without a Feedback-Type"), arf.reason());
        assertInstanceOf(Report.Unknown.class, reports.read(new byte[0]));
        assertInstanceOf(Report.Unknown.class, reports.read("\u0000\u0001 not mail at all".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theSameReportHasTheSameKeyAndAnotherAnother() {
        assertEquals(read("postfix-user-unknown.eml").key(), read("postfix-user-unknown.eml").key());
        assertNotEquals(read("postfix-user-unknown.eml").key(),
                reports.read(ReportFixtures.load("postfix-user-unknown.eml", TOKEN, ANA, "r2")).key());
        assertTrue(read("garbage.eml").key().matches("[0-9a-f]{64}"));
    }
}
