using Deepwater.Cli.Commands;

return DeepwaterCommand.Run(args, Console.Out, Console.Error);
