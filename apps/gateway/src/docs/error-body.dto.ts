import { ApiProperty } from '@nestjs/swagger';

/** What every error answers (libs/observability's ErrorsFilter): never a stack trace or a host path. */
export class ErrorBodyDto {
  @ApiProperty({ example: 404 }) statusCode!: number;
  @ApiProperty({ description: 'The status in words', example: 'Not Found' }) error!: string;
  @ApiProperty({ description: 'What went wrong, in plain words; a 400 names each bad field', example: 'Run not found' }) message!: string;
}
