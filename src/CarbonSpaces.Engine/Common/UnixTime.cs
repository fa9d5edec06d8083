using System;

namespace CarbonSpaces.Engine.Common
{
    /// <summary>The store keeps instants as UTC Unix milliseconds: compact, sortable, and exact across platforms.</summary>
    internal static class UnixTime
    {
        public static long ToStored(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

        public static long ToStored(DateTime value) => new DateTimeOffset(DateTime.SpecifyKind(value, value.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : value.Kind)).ToUnixTimeMilliseconds();

        public static DateTimeOffset FromStored(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);

        public static DateTimeOffset? FromStored(object value) => value is DBNull || value == null ? (DateTimeOffset?)null : FromStored(Convert.ToInt64(value));
    }
}
