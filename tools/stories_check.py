"""Generated copies of corpus articles for the story-cluster check (same as tests/test_stories.py)."""
import json, random, itertools, time, sys
sys.path.insert(0, '/work/main/src')
from backchannel.stages.stories import cluster_texts, ClusterSettings

SUBS = ["matter", "issue", "talk", "point", "state", "work", "plan", "step", "area", "part", "case", "view"]
def rewrite(text, rng):
    out=[]; n=0
    for w in text.split(" "):
        if w.isalpha() and w.islower() and len(w)>3:
            n+=1
            if n%3==0: out.append(rng.choice(SUBS)); continue
        out.append(w)
    return " ".join(out)
def variants(title, text, rng):
    paras=[p for p in text.split("\n") if p.strip()]
    full=title+"\n\n"+"\n\n".join(paras)
    half="\n\n".join(paras)[:len("\n\n".join(paras))//2]
    shuffled=paras[:]; rng.shuffle(shuffled)
    return {"verbatim": full,
            "boilerplate": "Share this article\n\nSubscribe to our newsletter\n\n"+full+"\n\nRead more: related stories\n\nAll rights reserved.",
            "truncated": title+"\n\n"+half,
            "synonyms": rewrite(full, rng),
            "reordered": title+"\n\n"+"\n\n".join(shuffled)}
rows=[json.loads(l) for l in open('/work/shared/corpus/kremlin_zelenskyy_2022.jsonl')]
import os; rng=random.Random(int(os.environ.get("SEED","7")))
rng.shuffle(rows)
base=[r for r in rows if len(r.get('text',''))>400][:600]
items=[]; gold={}
for i,r in enumerate(base):
    oid=f"o{i}"; items.append((oid, r['title']+"\n\n"+r['text'], r['published'])); gold[oid]=oid
    if i<200:
        for k,v in variants(r['title'], r['text'], rng).items():
            cid=f"{oid}_{k}"; items.append((cid, v, r['published'])); gold[cid]=oid
t=time.perf_counter()
idx=cluster_texts(items, ClusterSettings(*[float(x) if '.' in x else int(x) for x in sys.argv[1:]]) if len(sys.argv)>1 else None)
el=time.perf_counter()-t
pred={a: idx.story_of(a) for a,_,_ in items}
def pairs(lab):
    groups={}
    for a,g in lab.items(): groups.setdefault(g,[]).append(a)
    return {tuple(sorted(p)) for g in groups.values() for p in itertools.combinations(g,2)}
gp, pp = pairs(gold), pairs(pred)
tp=len(gp&pp)
print(f"items {len(items)}  gold pairs {len(gp)}  predicted {len(pp)}  P {tp/max(1,len(pp)):.3f}  R {tp/len(gp):.3f}  {len(items)/el:.0f} articles/s")
miss={}
for a,b in gp-pp:
    kind=b.split('_')[-1] if '_' in b else a.split('_')[-1]
    miss[kind]=miss.get(kind,0)+1
print('missed pairs by kind', miss)
fp=list(pp-gp)[:5]
for a,b in fp: print('FP', a, b)
texts=dict((a,t) for a,t,_ in items)
seen=set()
for a,b in list(pp-gp):
    ra, rb = gold[a], gold[b]
    if (ra,rb) in seen: continue
    seen.add((ra,rb))
    r = idx._same_story(ra, rb)
    print('\nFP', ra, rb, r); print('   A', texts[ra][:200].replace('\n',' ')); print('   B', texts[rb][:200].replace('\n',' '))
    if len(seen)>5: break
