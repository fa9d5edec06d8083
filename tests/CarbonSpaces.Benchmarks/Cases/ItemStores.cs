using System.Collections.Generic;
using System.Threading.Tasks;
using CarbonSpaces.Benchmarks.Work;

namespace CarbonSpaces.Benchmarks.Cases
{
    /// <summary>Stores holding one items bucket already synced once: P1's, or first syncs made now (not measured) when P1 did not run.</summary>
    internal static class ItemStores
    {
        /// <summary>One store per repetition, of <paramref name="count"/> objects from <paramref name="bucket"/>.</summary>
        public static async Task<List<string>> EnsureAsync(BenchContext context, int count, string bucket, string label)
        {
            if (context.ItemStores.TryGetValue(count, out var stores))
            {
                return stores;
            }

            stores = context.ItemStores[count] = new List<string>();
            for (var rep = 1; rep <= context.Options.Repetitions; rep++)
            {
                var store = context.StorePath($"p1-{count}-{rep}");
                await context.Children.RunAsync(context.Request(ItemsSyncWork.Name, context.Items, bucket, store), label).ConfigureAwait(false);
                stores.Add(store);
            }

            return stores;
        }
    }
}
