using System.Collections.Generic;

namespace CarbonSpaces.Engine.Files
{
    public enum FileOrder
    {
        UpdatedAt,
        CreatedAt,
        Name,
        Size,
        Id,
    }

    /// <summary>Get-CarbonFile's filters; every one given must match (and every tag pair given).</summary>
    public sealed class FileQuery
    {
        public IReadOnlyCollection<long>? Ids { get; set; }

        public IReadOnlyCollection<long>? DataSourceIds { get; set; }

        public IReadOnlyCollection<string>? Statuses { get; set; }

        public IReadOnlyDictionary<string, string>? Tags { get; set; }

        public IReadOnlyCollection<string>? Names { get; set; }

        public IReadOnlyCollection<string>? Buckets { get; set; }

        public IReadOnlyCollection<string>? Keys { get; set; }

        public FileOrder OrderBy { get; set; } = FileOrder.UpdatedAt;

        public bool Descending { get; set; }

        public long Skip { get; set; }

        public long? First { get; set; }
    }
}
