import { Scenario } from './scenario';

/** The scenarios the simulator can play, by name: the files loaded at start-up and those posted since. */
export class ScenarioCatalog {
  constructor(private readonly byName: Map<string, Scenario>) {}

  find(name: string): Scenario | undefined {
    return this.byName.get(name);
  }

  /** A scenario of the same name is replaced: a run already playing it goes on with the new steps. */
  put(scenario: Scenario): void {
    this.byName.set(scenario.name, scenario);
  }

  names(): string[] {
    return [...this.byName.keys()].sort();
  }
}
