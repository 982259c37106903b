/**
 * Sending mail: the Mailer interface, the SMTP adapter and the .eml writer used when no SMTP server is configured;
 * and reading the bounce mailbox: IMAP ({@link uk.org.perusupportgroup.quipu.mail.BounceMailbox}) and what each of its
 * messages is ({@link uk.org.perusupportgroup.quipu.mail.Reports}), what is done about them being alert's.
 */
package uk.org.perusupportgroup.quipu.mail;
