namespace Gatehouse.Tests.Architecture;

/// <summary>Strongly connected folders (Tarjan): each cycle is returned as the edges that lie inside it.</summary>
internal static class FolderCycles
{
    public static List<List<(string From, string To)>> Find(IReadOnlyCollection<(string From, string To)> edges)
    {
        var next = edges.GroupBy(edge => edge.From, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Select(edge => edge.To).ToList(), StringComparer.Ordinal);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var components = new List<HashSet<string>>();

        void Visit(string folder)
        {
            index[folder] = low[folder] = index.Count;
            stack.Push(folder);
            onStack.Add(folder);
            foreach (var to in next.GetValueOrDefault(folder) ?? [])
            {
                if (!index.TryGetValue(to, out var seen))
                {
                    Visit(to);
                    low[folder] = Math.Min(low[folder], low[to]);
                }
                else if (onStack.Contains(to))
                {
                    low[folder] = Math.Min(low[folder], seen);
                }
            }

            if (low[folder] == index[folder])
            {
                var component = new HashSet<string>(StringComparer.Ordinal);
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != folder);
                components.Add(component);
            }
        }

        foreach (var folder in edges.SelectMany(edge => new[] { edge.From, edge.To }).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(folder))
            {
                Visit(folder);
            }
        }

        return components.Where(component => component.Count > 1)
            .Select(component => edges.Where(edge => component.Contains(edge.From) && component.Contains(edge.To))
                .OrderBy(edge => edge.From, StringComparer.Ordinal).ThenBy(edge => edge.To, StringComparer.Ordinal).ToList())
            .ToList();
    }
}
