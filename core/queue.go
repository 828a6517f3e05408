package core

// qkind is what a queued item does when its time comes.
type qkind uint8

const (
	qTick    qkind = iota // a node's protocol period
	qDeliver              // a message arrives
	qSample               // the metrics are sampled
	qTimer                // SWIM: a node's ping timeout
)

// qitem is one scheduled action. Ties in time are broken by seq, the order of scheduling, so
// the run never depends on heap internals.
type qitem struct {
	at    Time
	seq   uint64
	kind  qkind
	node  NodeID // qTick
	epoch uint32 // qTick: the node's life it was scheduled in
	slot  int32  // qDeliver: the in-flight slot
	msg   uint64 // qDeliver: the message id, to detect a slot reused after a manual drop
}

// eventQueue is a binary min-heap of qitems by (at, seq). Typed rather than container/heap
// so that scheduling never allocates once the slice has grown.
type eventQueue struct {
	items []qitem
	seq   uint64
}

func (q *eventQueue) less(i, j int) bool {
	a, b := &q.items[i], &q.items[j]
	return a.at < b.at || (a.at == b.at && a.seq < b.seq)
}

func (q *eventQueue) push(it qitem) {
	q.seq++
	it.seq = q.seq
	q.items = append(q.items, it)
	i := len(q.items) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !q.less(i, p) {
			break
		}
		q.items[i], q.items[p] = q.items[p], q.items[i]
		i = p
	}
}

func (q *eventQueue) peek() *qitem { return &q.items[0] }

func (q *eventQueue) len() int { return len(q.items) }

func (q *eventQueue) pop() qitem {
	top := q.items[0]
	last := len(q.items) - 1
	q.items[0] = q.items[last]
	q.items = q.items[:last]
	i := 0
	for {
		l, r, m := 2*i+1, 2*i+2, i
		if l < last && q.less(l, m) {
			m = l
		}
		if r < last && q.less(r, m) {
			m = r
		}
		if m == i {
			break
		}
		q.items[i], q.items[m] = q.items[m], q.items[i]
		i = m
	}
	return top
}
