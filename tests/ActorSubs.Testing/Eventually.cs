namespace ActorSubs.Testing;

/// <summary>Waiting for a condition that becomes true asynchronously (an ack written, a node gone), within a bound that says what was awaited.</summary>
public static class Eventually
{
    public static async Task<T> AsyncValue<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan within, string what)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var value = await read();
            if (done(value)) return value;
            if (DateTime.UtcNow > deadline) Assert.Fail($"{what} not within {within.TotalSeconds:0.#} s; last: {value}");
            await Task.Delay(50);
        }
    }

    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan within, string what, TimeSpan? every = null)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"not reached within {within}: {what}");
            await Task.Delay(every ?? TimeSpan.FromMilliseconds(250));
        }
    }
}
