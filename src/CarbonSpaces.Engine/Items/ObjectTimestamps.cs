using System;
using CarbonSpaces.Engine.Common;

namespace CarbonSpaces.Engine.Items
{
    /// <summary>
    /// Listings give LastModified to the millisecond, HEAD answers only to the second: both are
    /// stored to the second so a listing and a HEAD of the same unchanged object agree.
    /// </summary>
    internal static class ObjectTimestamps
    {
        public static long? ToStoredSeconds(DateTime? value)
        {
            if (!value.HasValue)
            {
                return null;
            }

            var milliseconds = UnixTime.ToStored(value.Value.Kind == DateTimeKind.Local ? value.Value.ToUniversalTime() : value.Value);
            return milliseconds - (milliseconds % 1000);
        }
    }
}
