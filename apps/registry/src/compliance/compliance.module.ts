import { Module } from '@nestjs/common';
import { ComplianceController } from './compliance.controller.js';
import { ComplianceReminders } from './compliance-reminders.service.js';
import { ComplianceService } from './compliance.service.js';

@Module({ controllers: [ComplianceController], providers: [ComplianceService, ComplianceReminders], exports: [ComplianceService] })
export class ComplianceModule {}
