import { BadRequestException, Body, Controller, Get, Post } from '@nestjs/common';
import { parseScenario, ScenarioError } from './parse-scenario';
import { ScenarioCatalog } from './scenario-catalog';

const POSTED = 'POST /sim/scenarios';

@Controller('sim/scenarios')
export class ScenariosController {
  constructor(private readonly catalog: ScenarioCatalog) {}

  @Get()
  list(): { names: string[] } {
    return { names: this.catalog.names() };
  }

  /** A scenario file's JSON, validated as a file is; it replaces a loaded scenario of the same name. */
  @Post()
  add(@Body() body: unknown): { name: string } {
    try {
      const scenario = parseScenario(body, POSTED);
      this.catalog.put(scenario);
      return { name: scenario.name };
    } catch (err) {
      if (err instanceof ScenarioError) throw new BadRequestException(err.message, { cause: err });
      throw err;
    }
  }
}
