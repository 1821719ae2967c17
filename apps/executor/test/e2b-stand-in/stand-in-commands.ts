import type { CommandStartOpts } from 'e2b';
import { E2bCommandHandle, E2bCommands } from '../../src/sandbox/e2b/e2b-sdk';
import { StandInCommand } from './stand-in-command';
import { Vm } from './stand-in-vm';

export class StandInCommands implements E2bCommands {
  constructor(private readonly vm: () => Vm) {}

  async run(cmd: string, opts: CommandStartOpts & { background: true }): Promise<E2bCommandHandle> {
    const vm = this.vm();
    const command = new StandInCommand(vm, cmd, opts);
    vm.commands.add(command);
    void command.wait().catch(() => undefined).finally(() => vm.commands.delete(command));
    return command;
  }
}
