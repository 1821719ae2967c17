import { Scenario } from './scenario';
import { loadScenarios } from './scenario-loader';

/** The scenarios loaded at start-up, by name. */
export class ScenarioCatalog {
  constructor(private readonly byName: ReadonlyMap<string, Scenario>) {}

  static fromFolders(folders: readonly string[]): ScenarioCatalog {
    return new ScenarioCatalog(loadScenarios(folders));
  }

  find(name: string): Scenario | undefined {
    return this.byName.get(name);
  }

  names(): string[] {
    return [...this.byName.keys()].sort();
  }
}
