import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, IsUUID, Matches, MaxLength, Min } from 'class-validator';
import { DOCUMENT_TYPES } from '../http/registry/document.dto.js';

/**
 * What an event says of a document: enough to list it and to check a copy (the hash), never its
 * bytes or a link that would open it without the reader's own right to the record.
 */
export class DocumentMetadata {
  @ApiProperty({ format: 'uuid' }) @IsUUID() id: string;
  @ApiProperty({ example: 'sk-inovasi', description: 'The evidence indicator it supports' }) @IsString() @MaxLength(100) indicator: string;
  @ApiProperty({ example: 'SK Kepala Dinas 12-2022.pdf', description: 'The uploaded name: shown, never a path' }) @IsString() @MaxLength(200) name: string;
  @ApiProperty({ enum: Object.values(DOCUMENT_TYPES) }) @IsIn(Object.values(DOCUMENT_TYPES)) type: string;
  @ApiProperty({ example: 482133, description: 'Bytes' }) @IsInt() @Min(1) size: number;
  @ApiProperty({ example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' }) @Matches(/^[0-9a-f]{64}$/) sha256: string;
}
