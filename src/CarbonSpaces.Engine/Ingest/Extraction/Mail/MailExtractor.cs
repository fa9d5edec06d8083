using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Common;
using MimeKit;

namespace CarbonSpaces.Engine.Ingest.Extraction.Mail
{
    /// <summary>
    /// E-mail (.eml) with MimeKit: a header block (From, To, Subject, Date), the text body (or the
    /// HTML body read as HTML when there is no text part), then each attachment under a heading
    /// with its name, read by the extractor for its own format. Attachments nested deeper than
    /// MaxAttachmentDepth, larger than MaxAttachmentBytes, or unreadable are left out with a notice,
    /// so one bad attachment never costs the message its text.
    /// </summary>
    internal sealed class MailExtractor : IFormatExtractor
    {
        public IReadOnlyCollection<string> Formats { get; } = new[] { FormatCatalog.Eml };

        public async Task<ExtractedDocument> ExtractAsync(ExtractionContext context)
        {
            MimeMessage message;
            using (var stream = context.Content.OpenRead())
            {
                message = await MimeMessage.LoadAsync(stream, context.Cancellation).ConfigureAwait(false);
            }

            var segments = new SegmentCollector(context);
            var notices = new List<string>();
            segments.Add(Headers(message));
            await AddBodyAsync(message, context, segments).ConfigureAwait(false);

            var attachments = AttachmentsOf(message.Body).ToList();
            foreach (var attachment in attachments)
            {
                context.Cancellation.ThrowIfCancellationRequested();
                await AddAttachmentAsync(attachment, context, segments, notices).ConfigureAwait(false);
            }

            return segments.ToDocument(metadata: Metadata(message, attachments.Count), notices: notices);
        }

        /// <summary>
        /// Parts marked as attachments, and every attached e-mail (message/rfc822) whether marked or
        /// not: clients that forward "as attachment" often send it inline. An attached e-mail is
        /// not opened here; its own extraction reads its attachments, one level deeper.
        /// </summary>
        private static IEnumerable<MimeEntity> AttachmentsOf(MimeEntity? entity)
        {
            switch (entity)
            {
                case Multipart multipart:
                    return multipart.SelectMany(AttachmentsOf);
                case MessagePart forwarded:
                    return new[] { forwarded };
                case MimePart part when part.IsAttachment:
                    return new[] { part };
                default:
                    return Enumerable.Empty<MimeEntity>();
            }
        }

        private static string Headers(MimeMessage message)
        {
            var headers = new StringBuilder();
            headers.Append("From: ").Append(message.From).Append('\n');
            headers.Append("To: ").Append(message.To).Append('\n');
            if (message.Cc.Count > 0)
            {
                headers.Append("Cc: ").Append(message.Cc).Append('\n');
            }

            headers.Append("Subject: ").Append(message.Subject).Append('\n');
            if (message.Date != DateTimeOffset.MinValue)
            {
                headers.Append("Date: ").Append(message.Date.ToString("r", System.Globalization.CultureInfo.InvariantCulture));
            }

            return headers.ToString();
        }

        /// <summary>The text part is what the sender wrote for plain readers; the HTML part goes through the HTML extractor, which drops scripts and styles.</summary>
        private static async Task AddBodyAsync(MimeMessage message, ExtractionContext context, SegmentCollector segments)
        {
            if (message.TextBody != null)
            {
                segments.Add(message.TextBody);
            }
            else if (message.HtmlBody != null)
            {
                var html = Encoding.UTF8.GetBytes(message.HtmlBody);
                var body = await context.PartExtractor(FileContent.FromBytes(html, html.Length), $"{context.FileName} > body.html", "text/html").ConfigureAwait(false);
                foreach (var segment in body.Segments)
                {
                    segments.Add(segment.Text);
                }
            }
        }

        private static async Task AddAttachmentAsync(MimeEntity attachment, ExtractionContext context, SegmentCollector segments, List<string> notices)
        {
            var name = NameOf(attachment);
            var partName = $"{context.FileName} > {name}";
            if (context.Depth + 1 > context.Limits.MaxAttachmentDepth)
            {
                notices.Add($"'{partName}' was not read: it is nested deeper than {context.Limits.MaxAttachmentDepth} attachments (MaxAttachmentDepth).");
                return;
            }

            byte[] bytes;
            try
            {
                bytes = await DecodeAsync(attachment, context).ConfigureAwait(false);
            }
            catch (AttachmentTooLargeException)
            {
                notices.Add($"'{partName}' was not read: it is larger than {context.Limits.MaxAttachmentBytes / (1024 * 1024)} MB (MaxAttachmentBytes).");
                return;
            }

            ExtractedDocument document;
            try
            {
                document = await context.PartExtractor(FileContent.FromBytes(bytes, bytes.Length), partName, attachment.ContentType.MimeType).ConfigureAwait(false);
            }
            catch (CarbonSpacesException ex)
            {
                notices.Add($"'{partName}' was not read: {ex.Message}");
                return;
            }

            segments.Add("Attachment: " + name, label: name);
            foreach (var segment in document.Segments)
            {
                segments.Add(segment.Text, isRecord: segment.IsRecord, label: name);
            }

            notices.AddRange(document.Notices);
        }

        /// <summary>The attachment's decoded bytes, never more than MaxAttachmentBytes of them; an attached e-mail is written out as the .eml it is.</summary>
        private static async Task<byte[]> DecodeAsync(MimeEntity attachment, ExtractionContext context)
        {
            using var bounded = new LimitedMemoryStream(context.Limits.MaxAttachmentBytes);
            if (attachment is MessagePart forwarded && forwarded.Message != null)
            {
                await forwarded.Message.WriteToAsync(bounded, context.Cancellation).ConfigureAwait(false);
            }
            else if (attachment is MimePart part && part.Content != null)
            {
                await part.Content.DecodeToAsync(bounded, context.Cancellation).ConfigureAwait(false);
            }

            return bounded.ToArray();
        }

        private static string NameOf(MimeEntity attachment) =>
            attachment is MimePart part && !string.IsNullOrWhiteSpace(part.FileName) ? part.FileName!
            : attachment is MessagePart forwarded ? (string.IsNullOrWhiteSpace(forwarded.Message?.Subject) ? "message" : forwarded.Message!.Subject) + ".eml"
            : attachment.ContentDisposition?.FileName ?? "attachment";

        private static DocumentMetadata Metadata(MimeMessage message, int attachments)
        {
            var metadata = new DocumentMetadata();
            metadata.Set(MetadataKeys.From, message.From.ToString());
            metadata.Set(MetadataKeys.To, message.To.ToString());
            metadata.Set(MetadataKeys.Subject, message.Subject);
            metadata.Set(MetadataKeys.SentAt, message.Date == DateTimeOffset.MinValue ? (DateTimeOffset?)null : message.Date);
            metadata.Set(MetadataKeys.Attachments, attachments);
            return metadata;
        }

        /// <summary>A memory stream that refuses to grow past a limit: a huge attachment is refused while it is being decoded, not after.</summary>
        private sealed class LimitedMemoryStream : MemoryStream
        {
            private readonly long _limit;

            public LimitedMemoryStream(long limit)
            {
                _limit = limit;
            }

            public override void Write(byte[] buffer, int offset, int count)
            {
                Reserve(count);
                base.Write(buffer, offset, count);
            }

#if NET
            public override void Write(ReadOnlySpan<byte> buffer)
            {
                Reserve(buffer.Length);
                base.Write(buffer);
            }
#endif

            public override void WriteByte(byte value)
            {
                Reserve(1);
                base.WriteByte(value);
            }

            private void Reserve(int count)
            {
                if (Length + count > _limit)
                {
                    throw new AttachmentTooLargeException();
                }
            }
        }

        private sealed class AttachmentTooLargeException : IOException
        {
        }
    }
}
