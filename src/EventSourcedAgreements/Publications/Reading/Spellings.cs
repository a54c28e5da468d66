namespace EventSourcedAgreements.Publications.Reading;

internal sealed record Nearest<T>(IReadOnlyList<T> Candidates, int Distance);

internal static class Spellings
{
    public static Nearest<T>? Closest<T>(string text, IEnumerable<T> candidates, Func<T, string> spelling)
    {
        var allowed = AllowedDistance(text.Length);
        if (allowed == 0)
        {
            return null;
        }

        var distances = candidates
            .Select(candidate => (Candidate: candidate, Distance: Distance(text.ToUpperInvariant(), spelling(candidate).ToUpperInvariant())))
            .Where(scored => scored.Distance <= allowed)
            .ToList();
        if (distances.Count == 0)
        {
            return null;
        }

        var nearest = distances.Min(scored => scored.Distance);
        return new Nearest<T>([.. distances.Where(scored => scored.Distance == nearest).Select(scored => scored.Candidate)], nearest);
    }

    public static string Letters(int distance) => distance == 1 ? "1 letter" : $"{distance} letters";

    private static int AllowedDistance(int length) => length >= 8 ? 2 : length >= 4 ? 1 : 0;

    private static int Distance(string first, string second)
    {
        var distances = new int[first.Length + 1, second.Length + 1];
        for (var i = 0; i <= first.Length; i++)
        {
            distances[i, 0] = i;
        }

        for (var j = 0; j <= second.Length; j++)
        {
            distances[0, j] = j;
        }

        for (var i = 1; i <= first.Length; i++)
        {
            for (var j = 1; j <= second.Length; j++)
            {
                var substitution = first[i - 1] == second[j - 1] ? 0 : 1;
                distances[i, j] = Math.Min(
                    Math.Min(distances[i - 1, j] + 1, distances[i, j - 1] + 1),
                    distances[i - 1, j - 1] + substitution);
                if (i > 1 && j > 1 && first[i - 1] == second[j - 2] && first[i - 2] == second[j - 1])
                {
                    distances[i, j] = Math.Min(distances[i, j], distances[i - 2, j - 2] + 1);
                }
            }
        }

        return distances[first.Length, second.Length];
    }
}
