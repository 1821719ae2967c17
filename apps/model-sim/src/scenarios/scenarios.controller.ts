import { Controller, Get } from '@nestjs/common';
import { ScenarioCatalog } from './scenario-catalog';

@Controller('sim/scenarios')
export class ScenariosController {
  constructor(private readonly catalog: ScenarioCatalog) {}

  @Get()
  list(): { names: string[] } {
    return { names: this.catalog.names() };
  }
}
