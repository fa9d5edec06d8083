using System.Collections.Generic;
using CarbonSpaces.Engine.Ingest.Extraction;

namespace CarbonSpaces.Engine.Items
{
    public enum ItemOrder
    {
        Name,
        Id,
        LastModified,
        Size,
        Key,
    }

    /// <summary>Get-CarbonItem's filters; every one given must match.</summary>
    public sealed class ItemQuery
    {
        public IReadOnlyCollection<long>? DataSourceIds { get; set; }

        public IReadOnlyCollection<string>? Buckets { get; set; }

        public string? Prefix { get; set; }

        /// <summary>PowerShell wildcards, matched case-insensitively against the item's name.</summary>
        public IReadOnlyCollection<string>? Names { get; set; }

        public ItemKind? Kind { get; set; }

        public IReadOnlyCollection<string>? FileFormats { get; set; }

        public IReadOnlyCollection<long>? ParentIds { get; set; }

        public IReadOnlyCollection<long>? Ids { get; set; }

        public ItemOrder OrderBy { get; set; } = ItemOrder.Name;

        public bool Descending { get; set; }

        public long Skip { get; set; }

        /// <summary>At most this many items; null for all.</summary>
        public long? First { get; set; }

        /// <summary>
        /// <see cref="FileFormats"/> as items store them, with the same normalisation as when items are stored
        /// (htm is HTML, jpeg is JPG …); null when the query does not filter by format.
        /// </summary>
        internal IReadOnlyCollection<string>? StoredFileFormats()
        {
            if (FileFormats == null || FileFormats.Count == 0)
            {
                return null;
            }

            var formats = new List<string>();
            foreach (var format in FileFormats)
            {
                formats.Add(FormatDetector.FormatOf("item." + format.TrimStart('.')));
            }

            return formats;
        }
    }
}
