-- Failing rows: mentions whose surface is not the raw text at their offsets.
with mentions as (select * from main.mentions),
texts as (select * from main.document_texts),
final as (
    select m.mention_id, m.surface
    from mentions m
    join texts x using (doc_id)
    where substring(x.raw_text, m.char_start + 1, m.char_end - m.char_start) <> m.surface
)
select * from final
