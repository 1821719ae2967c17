import { Body, Controller, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AnswerMessageUseCase } from './answer-message.use-case';
import { CountTokensUseCase } from './count-tokens.use-case';
import { sendReply } from './sim-reply';

// The body stays `unknown` until the use case checks it: errors must come back in the API's own shape.
@Controller('v1/messages')
export class MessagesController {
  constructor(private readonly answer: AnswerMessageUseCase, private readonly countTokens: CountTokensUseCase) {}

  @Post()
  async create(@Body() body: unknown, @Res() res: Response): Promise<void> {
    sendReply(res, await this.answer.execute(body));
  }

  @Post('count_tokens')
  async count(@Body() body: unknown, @Res() res: Response): Promise<void> {
    sendReply(res, await this.countTokens.execute(body));
  }
}
