Console.Error.WriteLine("usage: Redtram.DemoData --country <cc> --out <db> [--persons N] [--seed S]");
return 2;
