import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** The types an evidence document may have, decided from its bytes. */
export const DOCUMENT_TYPES = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  png: 'image/png',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** The form fields beside the file of an upload. */
export class DocumentUploadFields {
  @ApiProperty({ example: 'regulasi', description: 'The evidence indicator the document supports', maxLength: 100 })
  @IsString() @IsNotEmpty() @MaxLength(100)
  indicator: string;
}

export class DocumentView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'regulasi' }) indicator: string;
  @ApiProperty({ example: 'Perbup 5 2022.pdf', description: 'The name it was uploaded with; shown, never used as a path' }) name: string;
  @ApiProperty({ enum: Object.values(DOCUMENT_TYPES), description: 'Decided from the content' }) type: string;
  @ApiProperty({ example: 482133 }) size: number;
  @ApiProperty({ example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' }) sha256: string;
  @ApiProperty({ description: 'Who uploaded it (an account id)' }) uploadedBy: string;
  @ApiProperty({ format: 'date-time' }) uploadedAt: string;
}
