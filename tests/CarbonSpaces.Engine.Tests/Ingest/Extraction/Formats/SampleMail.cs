using System;
using System.IO;
using MimeKit;

namespace CarbonSpaces.Engine.Tests.Ingest.Extraction.Formats
{
    /// <summary>E-mails made in the test with MimeKit, written as the .eml files a mail client saves.</summary>
    public static class SampleMail
    {
        public static MimeMessage Message(string subject, string? text, string? html = null, params (string Name, byte[] Content)[] attachments)
        {
            var message = new MimeMessage();
            message.From.Add(new MailboxAddress("Ada Lovelace", "ada@example.com"));
            message.To.Add(new MailboxAddress("Charles Babbage", "charles@example.com"));
            message.Subject = subject;
            message.Date = new DateTimeOffset(2025, 2, 3, 10, 30, 0, TimeSpan.FromHours(1));
            var body = new BodyBuilder { TextBody = text, HtmlBody = html };
            foreach (var (name, content) in attachments)
            {
                body.Attachments.Add(name, content);
            }

            message.Body = body.ToMessageBody();
            return message;
        }

        /// <summary>A message that forwards <paramref name="inner"/> as an attached e-mail (message/rfc822).</summary>
        public static MimeMessage Forwarding(MimeMessage inner, string subject, string text)
        {
            var message = Message(subject, text);
            var mixed = new Multipart("mixed") { message.Body!, new MessagePart { Message = inner } };
            message.Body = mixed;
            return message;
        }

        public static byte[] Bytes(MimeMessage message)
        {
            using var stream = new MemoryStream();
            message.WriteTo(stream);
            return stream.ToArray();
        }
    }
}
