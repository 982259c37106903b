package uk.org.perusupportgroup.quipu.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** The normalised address the confirmation limits count: one mailbox, however it is spelt. */
class EmailAddressTest {

    @Test
    void caseIsFoldedAndATagDropped() {
        assertEquals("ana@example.org", EmailAddress.normalised("ana@example.org"));
        assertEquals("ana@example.org", EmailAddress.normalised(" Ana@EXAMPLE.org "));
        assertEquals("ana@example.org", EmailAddress.normalised("ana+1@example.org"));
        assertEquals("ana@example.org", EmailAddress.normalised("ANA+news+more@Example.Org"));
    }

    @Test
    void dotsCountOnlyOutsideGmail() {
        assertEquals("ana.maria@example.org", EmailAddress.normalised("Ana.Maria@example.org"));
        assertEquals("anamaria@gmail.com", EmailAddress.normalised("Ana.Maria@gmail.com"));
        assertEquals("anamaria@gmail.com", EmailAddress.normalised("a.n.a.maria+psg@GoogleMail.com"));
        assertNotEquals(EmailAddress.normalised("ana.maria@example.org"), EmailAddress.normalised("anamaria@example.org"));
    }

    @Test
    void oddButValidAddressesStayThemselves() {
        assertEquals("+ana@example.org", EmailAddress.normalised("+ana@example.org"), "nothing before the + to keep");
        assertEquals("xn--mnchen-3ya.de", EmailAddress.normalised("ana@München.de").substring(4), "one spelling of a domain");
        assertEquals(EmailAddress.normalised("ana@xn--mnchen-3ya.de"), EmailAddress.normalised("ana@münchen.de"));
    }
}
