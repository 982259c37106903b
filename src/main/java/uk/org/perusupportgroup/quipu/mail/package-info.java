/**
 * Sending mail: the Mailer interface, the SMTP adapter and the .eml writer used when no SMTP server is configured.
 */
package uk.org.perusupportgroup.quipu.mail;
