using System.Collections.Generic;
using System.Data.Common;

namespace CarbonSpaces.Engine.Storage.Rows
{
    /// <summary>The first column of every row a command reads (ids, names), on any backend.</summary>
    internal static class FirstColumn
    {
        public static List<long> Longs(DbCommand command)
        {
            var values = new List<long>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                values.Add(reader.GetInt64(0));
            }

            return values;
        }

        public static HashSet<long> LongSet(DbCommand command)
        {
            var values = new HashSet<long>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                values.Add(reader.GetInt64(0));
            }

            return values;
        }

        public static List<string> Strings(DbCommand command)
        {
            var values = new List<string>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                values.Add(reader.GetString(0));
            }

            return values;
        }
    }
}
