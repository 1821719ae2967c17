import { Module } from '@nestjs/common';
import { ConfigModule } from '@cofounder/config';
import { BillingModule } from './billing.module';

@Module({ imports: [ConfigModule.forRoot(), BillingModule] })
export class BillingServiceModule {}
