namespace Redtram.Benchmarks;

public static class LoadCommand
{
    public static int Run(string[] args) => 0;
}
