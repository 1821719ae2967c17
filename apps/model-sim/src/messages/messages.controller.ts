import { Body, Controller, Headers, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { IncomingHttpHeaders } from 'node:http';
import { refusedForHeaders } from './api-headers';
import { AnswerMessageUseCase } from './answer-message.use-case';
import { CountTokensUseCase } from './count-tokens.use-case';
import { errorReply, sendReply } from './sim-reply';

// The body stays `unknown` until the use case checks it: errors must come back in the API's own shape.
// A call without a key or version is refused before it is read, logged or played, as the API does.
@Controller('v1/messages')
export class MessagesController {
  constructor(private readonly answer: AnswerMessageUseCase, private readonly countTokens: CountTokensUseCase) {}

  @Post()
  async create(@Body() body: unknown, @Headers() headers: IncomingHttpHeaders, @Res() res: Response): Promise<void> {
    const refused = refusedForHeaders(headers);
    sendReply(res, refused ? errorReply(refused) : await this.answer.execute(body));
  }

  @Post('count_tokens')
  async count(@Body() body: unknown, @Headers() headers: IncomingHttpHeaders, @Res() res: Response): Promise<void> {
    const refused = refusedForHeaders(headers);
    sendReply(res, refused ? errorReply(refused) : await this.countTokens.execute(body));
  }
}
